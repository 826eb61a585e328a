// The test-run Meilisearch helper lives in scripts/meilisearch-server.ts (the bench uses it too,
// and the image's build stage compiles scripts/ but has no test/).
export * from '../../scripts/meilisearch-server';
