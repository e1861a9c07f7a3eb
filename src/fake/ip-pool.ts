/**
 * Pod IPs for fake nodes, handed out sequentially from each node's podCIDR
 * as a CNI's host-local IPAM would. One pool spans every CIDR: nodes that
 * share a range (hand-made fake nodes without a podCIDR fall back to the
 * same one) never hand out the same address twice.
 *
 * Allocation is keyed by pod UID, so rendering a pod's status again after a
 * conflict returns the IP it already got. Addresses already in pod statuses
 * are reserved when the pods are first seen, so a restart reuses nothing.
 */
import { formatCidr, formatIPv4, parseIPv4, type Cidr } from "./ipv4.js";

/** The network address, the gateway (.1 in a /24) and the broadcast address are never handed out. */
const FIRST_OFFSET = 2;

export class IpPool {
  readonly #owners = new Map<number, string>();
  readonly #byUid = new Map<string, number>();
  /** Per CIDR: the offset to try next, so freed addresses are reused only after a full turn. */
  readonly #cursors = new Map<string, number>();

  /** The pod's IP in `cidr`, allocating the next free one the first time. Throws when the range is full. */
  allocate(cidr: Cidr, uid: string): string {
    const held = this.#byUid.get(uid);
    if (held !== undefined && held >= cidr.base && held < cidr.base + cidr.size) return formatIPv4(held);
    const key = formatCidr(cidr);
    const usable = cidr.size - FIRST_OFFSET - 1;
    let offset = this.#cursors.get(key) ?? FIRST_OFFSET;
    for (let tried = 0; tried < usable; tried++) {
      if (offset >= cidr.size - 1) offset = FIRST_OFFSET;
      const ip = cidr.base + offset;
      offset++;
      if (this.#owners.has(ip)) continue;
      this.#cursors.set(key, offset);
      this.#take(ip, uid);
      return formatIPv4(ip);
    }
    throw new Error(`No free pod IP left in ${key}`);
  }

  /** Marks an address seen in a pod's status as taken by that pod. */
  reserve(ip: string, uid: string): void {
    const value = parseIPv4(ip);
    if (value !== undefined && !this.#owners.has(value)) this.#take(value, uid);
  }

  release(uid: string): void {
    const ip = this.#byUid.get(uid);
    if (ip === undefined) return;
    this.#byUid.delete(uid);
    if (this.#owners.get(ip) === uid) this.#owners.delete(ip);
  }

  #take(ip: number, uid: string): void {
    this.release(uid);
    this.#owners.set(ip, uid);
    this.#byUid.set(uid, ip);
  }
}
