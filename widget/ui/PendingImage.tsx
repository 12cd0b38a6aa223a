/**
 * The preview of an image the visitor is about to send, in the pending-attachment chip: a small
 * thumbnail from an object URL of the file itself (nothing is uploaded for it), revoked when the
 * file is removed, replaced or sent. Decorative: the chip names the file next to it.
 */
import { useEffect, useState } from 'preact/hooks';
import { isPreviewableImage } from '../chat/files.ts';

export function PendingImage({ file }: { file: File }) {
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    if (!isPreviewableImage(file.type)) return;
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    return () => {
      URL.revokeObjectURL(objectUrl);
      setUrl(undefined);
    };
  }, [file]);
  return url ? <img class="preview" src={url} alt="" /> : null;
}
