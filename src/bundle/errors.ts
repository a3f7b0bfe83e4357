/** Why a bundle could not be built: a code for programs, a message for a person. */
export type BundleErrorCode = "signing-key" | "unsupported-file" | "bad-manifest";

export class BundleError extends Error {
  override name = "BundleError";
  constructor(
    readonly code: BundleErrorCode,
    message: string,
  ) {
    super(message);
  }
}
