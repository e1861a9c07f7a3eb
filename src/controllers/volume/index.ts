/**
 * Persistent volumes: the binder that pairs claims with volumes, the
 * protection that keeps claims in use and bound volumes alive, and, given
 * a data directory, the built-in local-path provisioner behind the default
 * `local-path` StorageClass.
 */
import type { ControllerStarter } from "../index.js";
import { startPersistentVolumeBinder } from "./binder.js";
import { localPathProvisioner } from "./local-path.js";
import { startVolumeProtectionController } from "./protection.js";

export function volumeControllers(options: { dataDir?: string }): ControllerStarter[] {
  return [startPersistentVolumeBinder, startVolumeProtectionController, ...(options.dataDir === undefined ? [] : [localPathProvisioner(options.dataDir)])];
}
