/**
 * node-initialize: a fake node that is not Ready yet (just created, or
 * handed over by annotation) reports what a starting kubelet reports —
 * the four kubelet conditions, and, where missing, addresses, capacity and
 * system info. Nodes made by `--fake-nodes` already carry the latter.
 */
import { KUBELET_VERSION, RUNTIME_VERSION } from "../nodes.js";

export const NODE_INITIALIZE = `
- name: node-initialize
  resourceRef: { apiGroup: "", kind: Node }
  selector:
    matchExpressions:
      - { key: ".status.conditions[type=Ready].status", operator: NotIn, values: ["True"] }
  next:
    status:
      conditions:
        - type: MemoryPressure
          status: "False"
          reason: KubeletHasSufficientMemory
          message: kubelet has sufficient memory available
          lastHeartbeatTime: "{{ now }}"
          lastTransitionTime: "{{ now }}"
        - type: DiskPressure
          status: "False"
          reason: KubeletHasNoDiskPressure
          message: kubelet has no disk pressure
          lastHeartbeatTime: "{{ now }}"
          lastTransitionTime: "{{ now }}"
        - type: PIDPressure
          status: "False"
          reason: KubeletHasSufficientPID
          message: kubelet has sufficient PID available
          lastHeartbeatTime: "{{ now }}"
          lastTransitionTime: "{{ now }}"
        - type: Ready
          status: "True"
          reason: KubeletReady
          message: kubelet is posting ready status
          lastHeartbeatTime: "{{ now }}"
          lastTransitionTime: "{{ now }}"
      addresses:
        $if: "{{ not .status.addresses }}"
        $then:
          - { type: InternalIP, address: "{{ nodeIP .metadata.name }}" }
          - { type: Hostname, address: "{{ .metadata.name }}" }
      capacity:
        $if: "{{ not .status.capacity }}"
        $then: { cpu: "4", memory: 8Gi, pods: "110", ephemeral-storage: 100Gi }
      allocatable:
        $if: "{{ not .status.allocatable }}"
        $then:
          $if: "{{ .status.capacity }}"
          $then: "{{ .status.capacity }}"
          $else: { cpu: "4", memory: 8Gi, pods: "110", ephemeral-storage: 100Gi }
      nodeInfo:
        $if: "{{ not .status.nodeInfo }}"
        $then:
          architecture: amd64
          bootID: ""
          containerRuntimeVersion: ${RUNTIME_VERSION}
          kernelVersion: mini-fake
          kubeProxyVersion: ""
          kubeletVersion: ${KUBELET_VERSION}
          machineID: ""
          operatingSystem: linux
          osImage: mini fake node
          systemUUID: ""
`;
