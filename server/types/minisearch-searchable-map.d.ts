// MiniSearch's radix tree is a documented export ("minisearch/SearchableMap") that node10
// module resolution cannot see (it ignores package exports); Node resolves it at run time.
declare module 'minisearch/SearchableMap' {
  import SearchableMap from 'minisearch/dist/es/SearchableMap';
  export default SearchableMap;
}
