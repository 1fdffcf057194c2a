import busboy from 'busboy';
import FileType from 'file-type';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { DomainError, LIMITS } from '@app/shared';
import { PayloadTooLargeError } from '../common/payload-too-large.error';

/** What arrived: the file's name, its type (sniffed from its bytes where they say), its size. */
export interface ReceivedFile {
  name: string;
  contentType: string;
  size: number;
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const BAD_NAME = /[/\\\u0000-\u001F\u007F]/;
/** Types whose bytes file-type recognises: declared but not found in the bytes, the file is not what it says. */
const SNIFFABLE = /^(image\/(png|jpeg|gif|webp|bmp|tiff|avif|heic)|application\/(pdf|zip|gzip)|video\/|audio\/)/;

const invalid = (why: string) => new DomainError('validation_failed', `invalid upload: ${why}`);

export function checkFileName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed === '.' || trimmed === '..') throw invalid('the file needs a name');
  if (BAD_NAME.test(trimmed)) throw invalid('file names may not contain slashes, backslashes or control characters');
  if ([...trimmed].length > LIMITS.fileNameMaxChars) throw invalid(`file names are at most ${LIMITS.fileNameMaxChars} characters`);
  return trimmed;
}

/** The type to store: what the bytes are when they tell, else what was declared (refused when the two disagree). */
export function settleType(declared: string, sniffed: string | undefined): string {
  const claimed = declared.toLowerCase() === 'image/jpg' ? 'image/jpeg' : declared.toLowerCase();
  if (sniffed) {
    if (claimed !== 'application/octet-stream' && claimed !== sniffed) throw invalid(`the file is ${sniffed}, not ${claimed}`);
    return sniffed;
  }
  if (SNIFFABLE.test(claimed)) throw invalid(`the file is not ${claimed}`);
  return claimed || 'application/octet-stream';
}

/**
 * Streams the one file of a multipart/form-data request (field `file`) into `store`, never holding
 * it whole: the size limit is enforced as it arrives (the stream is cut, `store` rejects, nothing
 * is kept) and the type is sniffed from its first bytes before anything is stored.
 */
export function receiveUpload(
  req: IncomingMessage,
  maxBytes: number,
  store: (body: Readable, contentType: string) => Promise<void>,
): Promise<ReceivedFile> {
  return new Promise<ReceivedFile>((resolve, reject) => {
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) {
      return reject(invalid('send the file as multipart/form-data, in a field named "file"'));
    }
    let parser: busboy.Busboy;
    try {
      // preservePath: the name as sent, so that one with a path is refused rather than cut to its last part.
      parser = busboy({ headers: req.headers, preservePath: true, limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 11 } });
    } catch {
      return reject(invalid('a malformed multipart body'));
    }
    let storing: Promise<ReceivedFile> | null = null;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(err);
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || storing) return stream.resume();
      let name: string;
      try {
        name = checkFileName(info.filename ?? '');
      } catch (err) {
        stream.resume();
        return fail(err);
      }
      let size = 0;
      stream.on('data', (chunk: Buffer) => (size += chunk.length));
      storing = FileType.stream(stream).then(async (sniffing) => {
        const contentType = settleType(info.mimeType ?? 'application/octet-stream', sniffing.fileType?.mime);
        stream.once('limit', () => sniffing.destroy(new PayloadTooLargeError(`the file is over the ${maxBytes} byte limit (MAX_UPLOAD_BYTES)`)));
        await store(sniffing, contentType);
        if ((stream as Readable & { truncated?: boolean }).truncated) {
          throw new PayloadTooLargeError(`the file is over the ${maxBytes} byte limit (MAX_UPLOAD_BYTES)`);
        }
        return { name, contentType, size };
      });
      storing.catch((err: unknown) => {
        stream.resume();
        fail(err);
      });
    });
    parser.on('error', () => fail(invalid('a malformed multipart body')));
    parser.on('close', () => {
      if (failed) return;
      if (!storing) return fail(invalid('no file in the field "file"'));
      storing.then(resolve, fail);
    });
    req.on('aborted', () => fail(invalid('the upload was cut off')));
    req.pipe(parser);
  });
}
