// Upload limits, in a module of their own so pages can show them without bundling the PDF reader.
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
