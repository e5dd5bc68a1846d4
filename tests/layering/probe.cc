// Compiled by the layering.* tests against one layer's target: BULWARK_PROBE_HEADER names a
// header of another layer, which must be reachable exactly when the target links that layer.
#include BULWARK_PROBE_HEADER

int bulwark_layering_probe = 0;
