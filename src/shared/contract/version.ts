/**
 * The contract's version. A console and an instance talk only when both say the same number:
 * raise it whenever an operation is removed or its input or output changes incompatibly.
 */
export const CONTRACT_VERSION = 1
