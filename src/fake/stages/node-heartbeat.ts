/**
 * node-heartbeat: about every 20 s a Ready fake node renews the
 * lastHeartbeatTime of each of its conditions, as a kubelet posting node
 * status does. Conditions merge by type, so only the time changes. The
 * node's Lease, renewed every 10 s, is kept by lease.ts.
 */
export const NODE_HEARTBEAT = `
- name: node-heartbeat
  resourceRef: { apiGroup: "", kind: Node }
  selector:
    matchExpressions:
      - { key: ".status.conditions[type=Ready].status", operator: In, values: ["True"] }
  delay: { durationMilliseconds: 20000, jitterDurationMilliseconds: 22000 }
  next:
    status:
      conditions:
        - $range: .status.conditions
          $each: { type: "{{ .type }}", lastHeartbeatTime: "{{ now }}" }
`;
