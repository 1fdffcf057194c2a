/** A body over a limit the API sets itself (an upload): `413` with `validation_failed` and the limit in the message. */
export class PayloadTooLargeError extends Error {}
