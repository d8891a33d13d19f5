// Public API of @forecastin/flags-client: flag evaluation inside any service, from flag-service's snapshot.
export { FlagsClient } from './flags-client';
export type { FlagsClientOptions } from './flags-client.options';
export type { CompiledSnapshot, SnapshotListener } from './snapshot-holder';
