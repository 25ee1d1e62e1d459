/** Text modules (wrangler's default rule for `*.txt`): the file's UTF-8 text. */
declare module "*.txt" {
  const text: string;
  export default text;
}

/** Data modules (wrangler's default rule for `*.bin`): the file's bytes. */
declare module "*.bin" {
  const data: ArrayBuffer;
  export default data;
}
