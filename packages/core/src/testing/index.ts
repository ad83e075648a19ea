// @chemins/core/testing: the store contract suite, for adapters and embedders (needs vitest).
export { commentDrafts, uniqueId } from './drafts.ts';
export type { ContractOptions, StoreFixture } from './store-contract.ts';
export { describeStoreContract } from './store-contract.ts';
export { type DirectoryFixture, describeDirectoryContract } from './directory-contract.ts';
