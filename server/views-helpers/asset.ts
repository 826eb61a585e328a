// {{asset "css/site.css"}} → the fingerprinted URL of a file under views/assets.
import type { AssetManifest } from '../web/static-assets';

export function createAssetHelper(manifest: AssetManifest) {
  return function asset(name: unknown): string {
    if (typeof name !== 'string') throw new Error('{{asset}} needs a file name');
    return manifest.url(name);
  };
}
