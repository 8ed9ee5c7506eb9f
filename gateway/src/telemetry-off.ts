// Imported first by the gateway: @apollo/gateway otherwise starts an OTLP exporter to Apollo and
// probes cloud metadata hosts at start-up. Privacy first; observability is ours to configure.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
export {};
