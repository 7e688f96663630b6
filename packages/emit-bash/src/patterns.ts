/**
 * Patterns the generated script checks its own arguments against (POSIX ERE, matched in the C
 * locale). They are deliberately narrower than AWS allows: a value that fails them never reaches `aws`.
 */
export const SCRIPT_TABLE_NAME_PATTERN = '^[A-Za-z0-9_.][A-Za-z0-9_.-]{2,254}$';
export const REGION_PATTERN = '^[a-z][a-z0-9-]{1,31}$';
export const PROFILE_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,63}$';
export const ENDPOINT_PATTERN = '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$';
