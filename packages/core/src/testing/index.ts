// @chemins/core/testing: the store and person directory contract suites, for adapters and embedders
// (needs vitest).
export { type DirectoryFixture, describeDirectoryContract } from './directory-contract.ts';
export { commentDrafts, uniqueId } from './drafts.ts';
export type { ContractOptions, StoreFixture } from './store-contract.ts';
export { describeStoreContract } from './store-contract.ts';
