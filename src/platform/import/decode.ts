import iconv from 'iconv-lite';

/**
 * The text of an uploaded CSV file. A UTF-8 byte order mark is dropped (Excel writes one); bytes that
 * are valid UTF-8 are read as UTF-8; anything else is read as windows-1251, which is what Excel and
 * 1C write on Russian Windows "CSV (разделители — запятые)" files and Bitrix24 offers as its
 * "Windows-1251" export. Files in other single-byte encodings come out readable enough to be noticed
 * in the preview, never as an error.
 */
export type Encoding = 'utf-8' | 'windows-1251';

export function decodeText(bytes: Buffer): { text: string; encoding: Encoding } {
  let body = bytes;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(body, 'win1251'), encoding: 'windows-1251' };
  }
}
