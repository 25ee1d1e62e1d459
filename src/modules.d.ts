/** Text modules (wrangler's default rule for `*.txt`): the file's UTF-8 text. */
declare module "*.txt" {
  const text: string;
  export default text;
}
