/**
 * node-heartbeat: every 5 to 5.5 minutes a Ready fake node renews the
 * lastHeartbeatTime of each of its conditions, as a kubelet posting an
 * unchanged node status does (its nodeStatusReportFrequency, 5 min; kwok's
 * heartbeat-with-lease stage waits 10). Liveness is the node's Lease,
 * renewed every 10 s by lease.ts; a status write per node every 20 s as
 * well would cost 250 writes/s at 5,000 nodes for nothing.
 */
export const NODE_HEARTBEAT = `
- name: node-heartbeat
  resourceRef: { apiGroup: "", kind: Node }
  selector:
    matchExpressions:
      - { key: ".status.conditions[type=Ready].status", operator: In, values: ["True"] }
  delay: { durationMilliseconds: 300000, jitterDurationMilliseconds: 330000 }
  next:
    status:
      conditions:
        - $range: .status.conditions
          $each: { type: "{{ .type }}", lastHeartbeatTime: "{{ now }}" }
`;
