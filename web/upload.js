// A chosen file as the members of an import request: a CSV file as its
// text (`file`), an Excel workbook (told by its first bytes, as the server
// tells it, not by its name) as base64 (`file_base64`), with its name and,
// when given, the workbook's sheet.

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isWorkbook(bytes) {
  return bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

// Base64 of `bytes` in slices, so that a large file does not overflow the
// argument list of String.fromCharCode.
export function toBase64(bytes) {
  let out = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + step));
  }
  return btoa(out);
}

export async function fileMembers(file, sheet = '') {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const members = isWorkbook(bytes)
    ? { file_base64: toBase64(bytes) }
    : { file: new TextDecoder().decode(bytes) };
  members.filename = file.name;
  if (sheet.trim()) members.sheet = sheet.trim();
  return members;
}

// What the file inputs accept.
export const TABLE_FILES = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
