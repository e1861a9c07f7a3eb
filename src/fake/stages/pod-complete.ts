/**
 * pod-complete: a running pod owned by a Job finishes after a while
 * (`jobCompletionMs`): every container terminates with exit code 0 and the
 * pod Succeeds, unless a container's MINI_FAKE_EXIT_CODE env var or the
 * pod's mini.dev/fake-exit-code annotation gives a non-zero code: then that
 * container exits with it (reason Error) and the pod Fails. Sidecars (init
 * containers still running) stop with it. Conditions turn as the kubelet
 * turns them for a pod in a terminal phase.
 */
export const POD_COMPLETE = `
- name: pod-complete
  resourceRef: { apiGroup: "", kind: Pod }
  selector:
    matchExpressions:
      - { key: .metadata.deletionTimestamp, operator: DoesNotExist }
      - { key: .status.phase, operator: In, values: [Running] }
      - { key: ".metadata.ownerReferences[].kind", operator: In, values: [Job] }
  delay: { durationMilliseconds: 5000 }
  next:
    status:
      phase:
        $if: "{{ eq (exitCode $) 0 }}"
        $then: Succeeded
        $else: Failed
      conditions:
        - { type: PodReadyToStartContainers, status: "False", lastTransitionTime: "{{ now }}" }
        - $if: "{{ eq (exitCode $) 0 }}"
          $then: { type: Initialized, status: "True", reason: PodCompleted }
        - type: Ready
          status: "False"
          reason: { $if: "{{ eq (exitCode $) 0 }}", $then: PodCompleted, $else: PodFailed }
          lastTransitionTime: "{{ now }}"
        - type: ContainersReady
          status: "False"
          reason: { $if: "{{ eq (exitCode $) 0 }}", $then: PodCompleted, $else: PodFailed }
          lastTransitionTime: "{{ now }}"
      containerStatuses:
        - $range: .status.containerStatuses
          $each:
            name: "{{ .name }}"
            image: "{{ .image }}"
            imageID: "{{ .imageID }}"
            containerID: "{{ .containerID }}"
            ready: false
            started: false
            restartCount: "{{ .restartCount }}"
            state:
              terminated:
                exitCode: "{{ exitCode $ .name }}"
                reason: { $if: "{{ eq (exitCode $ .name) 0 }}", $then: Completed, $else: Error }
                startedAt: "{{ or .state.running.startedAt now }}"
                finishedAt: "{{ now }}"
                containerID: "{{ .containerID }}"
      initContainerStatuses:
        $if: "{{ .status.initContainerStatuses }}"
        $then:
          - $range: .status.initContainerStatuses
            $each:
              $if: "{{ .state.running }}"
              $else: "{{ . }}"
              $then:
                $merge:
                  - "{{ . }}"
                  - ready: false
                    started: false
                    state:
                      terminated:
                        exitCode: 0
                        reason: Completed
                        startedAt: "{{ .state.running.startedAt }}"
                        finishedAt: "{{ now }}"
                        containerID: "{{ .containerID }}"
`;
