/**
 * pod-ready: a pod bound to a fake node starts at once: phase Running,
 * addresses (the pod IP from the node's podCIDR), the conditions a kubelet
 * sets, readiness gates satisfied (as kwok does), and every container
 * running and ready. Init containers have completed, except sidecars
 * (restartPolicy Always), which keep running.
 */
export const POD_READY = `
- name: pod-ready
  resourceRef: { apiGroup: "", kind: Pod }
  selector:
    matchExpressions:
      - { key: .metadata.deletionTimestamp, operator: DoesNotExist }
      - { key: .status.podIP, operator: DoesNotExist }
      - { key: .status.phase, operator: In, values: [Pending] }
  next:
    status:
      phase: Running
      hostIP: "{{ nodeIP .spec.nodeName }}"
      hostIPs: [{ ip: "{{ nodeIP .spec.nodeName }}" }]
      podIP: "{{ podIP . }}"
      podIPs: [{ ip: "{{ podIP . }}" }]
      startTime: "{{ now }}"
      conditions:
        - { type: PodReadyToStartContainers, status: "True", lastTransitionTime: "{{ now }}" }
        - { type: Initialized, status: "True", lastTransitionTime: "{{ now }}" }
        - { type: Ready, status: "True", lastTransitionTime: "{{ now }}" }
        - { type: ContainersReady, status: "True", lastTransitionTime: "{{ now }}" }
        - type: PodScheduled
          status: "True"
          lastTransitionTime: "{{ or .status.conditions[type=PodScheduled].lastTransitionTime now }}"
        - $range: .spec.readinessGates
          $each: { type: "{{ .conditionType }}", status: "True", lastTransitionTime: "{{ now }}" }
      containerStatuses:
        - $range: .spec.containers
          $each:
            name: "{{ .name }}"
            image: "{{ .image }}"
            imageID: "{{ imageID .image }}"
            containerID: "{{ containerID $ .name }}"
            ready: true
            started: true
            restartCount: 0
            state: { running: { startedAt: "{{ now }}" } }
      initContainerStatuses:
        $if: "{{ .spec.initContainers }}"
        $then:
          - $range: .spec.initContainers
            $each:
              $merge:
                - name: "{{ .name }}"
                  image: "{{ .image }}"
                  imageID: "{{ imageID .image }}"
                  containerID: "{{ containerID $ .name }}"
                  ready: true
                  restartCount: 0
                - $if: '{{ eq .restartPolicy "Always" }}'
                  $then: { started: true, state: { running: { startedAt: "{{ now }}" } } }
                  $else:
                    started: false
                    state: { terminated: { exitCode: 0, reason: Completed, startedAt: "{{ now }}", finishedAt: "{{ now }}", containerID: "{{ containerID $ .name }}" } }
`;
