export type { Dependency } from "./dependency";
