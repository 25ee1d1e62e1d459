/**
 * @module The content index bundled into this worker's script by the build: two
 * modules, loaded with the script but not parsed until the first request that needs
 * them (the catalog is small JSON; the binary index is used in place).
 */
import catalogText from "../generated/catalog.json.txt";
import indexBin from "../generated/index.bin";
import { type Catalog, openCatalog } from "./catalog.ts";

let bundled: Catalog | undefined;

/** The content bundled with this worker. */
export function content(): Catalog {
  bundled ??= openCatalog(catalogText, indexBin);
  return bundled;
}
