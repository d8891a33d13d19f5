/** Longest ltree label we allow (PostgreSQL allows more; 63 keeps keys readable and index-friendly). */
export const MAX_KEY_LENGTH = 63;
/** Deepest tree: a path has at most this many labels. */
export const MAX_PATH_DEPTH = 32;
export const MAX_PATH_LENGTH = MAX_PATH_DEPTH * (MAX_KEY_LENGTH + 1) - 1;
export const KEY_PATTERN = /^[a-z0-9_]{1,63}$/;
