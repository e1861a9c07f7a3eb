/**
 * pod-delete: a pod on a fake node that is being deleted gracefully is
 * removed at once, as a kubelet does once its containers have stopped: a
 * delete with gracePeriodSeconds 0. Finalizers are left alone — they belong
 * to whoever set them, and the pod goes when they are done.
 */
export const POD_DELETE = `
- name: pod-delete
  resourceRef: { apiGroup: "", kind: Pod }
  selector:
    matchExpressions:
      - { key: .metadata.deletionTimestamp, operator: Exists }
  next:
    delete: true
`;
