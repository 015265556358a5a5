import { useEffect, useRef, useState } from 'preact/hooks';
import { webAddress } from '../../../shared/web-address.js';
import type { SaveRequest } from '../hooks/useBackgroundSaves.js';
import { useApp } from '../lib/context.js';
import { formatBytes, parseTagList } from '../lib/format.js';
import { ACCEPT_ATTR, fileToBase64 } from '../lib/files.js';
import { Dialog, InlineError } from './Dialog.js';

export interface AddInitial {
  url?: string;
  file?: File;
  text?: string;
}

/**
 * Save an article from a web address ("example.com/a" is taken as https), pasted text or a file. The
 * address field has the focus; a mistyped address is caught here. Files are read in the renderer and sent
 * as bytes with their name (the server never reads paths a client names). The save itself runs in the
 * background (useBackgroundSaves), so the dialog closes at once.
 */
export function AddDialog(props: {
  initial: AddInitial;
  onClose(): void;
  /** Hands the save over: it continues in the background (status area) while the user reads on. */
  onSave(request: SaveRequest): void;
  onImportMany(): void;
}) {
  const { api, t } = useApp();
  const [url, setUrl] = useState(props.initial.url ?? '');
  const [text, setText] = useState(props.initial.text ?? '');
  const [file, setFile] = useState<File | null>(props.initial.file ?? null);
  const [tags, setTags] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!props.initial.file) urlRef.current?.focus();
  }, [props.initial.file]);

  const submit = () => {
    setError(null);
    const tagList = parseTagList(tags);
    let request: SaveRequest;
    if (file) {
      request = {
        label: file.name,
        // raw bytes: capture decodes legacy encodings (windows-1258, VISCII) that file.text() would mangle
        run: async (jobId) =>
          api['articles.add']({
            source: 'text',
            text: await fileToBase64(file),
            encoding: 'base64',
            name: file.name,
            tags: tagList,
            job_id: jobId,
          }),
      };
    } else if (url.trim()) {
      const address = webAddress(url);
      if (!address) {
        setError(t('add.notAddress'));
        urlRef.current?.focus();
        return;
      }
      request = {
        label: address,
        run: (jobId) => api['articles.add']({ source: 'url', url: address, tags: tagList, job_id: jobId }),
      };
    } else if (text.trim()) {
      request = {
        label: t('add.pasted'),
        run: (jobId) => api['articles.add']({ source: 'text', text, tags: tagList, job_id: jobId }),
      };
    } else {
      setError(t('add.nothing'));
      return;
    }
    props.onSave(request);
    props.onClose();
  };

  return (
    <Dialog
      id="add-dialog"
      title={t('add.title')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" class="btn" onClick={props.onClose}>
            {t('add.cancel')}
          </button>
          <button type="submit" form="add-form" class="btn btn-primary">
            {t('add.save')}
          </button>
        </>
      }
    >
      <form
        id="add-form"
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label class="field">
          <span>{t('add.url')}</span>
          <input
            ref={urlRef}
            type="text"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            value={url}
            placeholder={t('add.urlPlaceholder')}
            disabled={!!file}
            onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('add.text')}</span>
          <textarea
            rows={4}
            value={text}
            disabled={!!file || !!url.trim()}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <div
          class={`dropzone${dragOver ? ' is-over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setDragOver(true);
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setDragOver(false);
            const f = e.dataTransfer?.files?.[0];
            if (f) setFile(f);
          }}
        >
          <label class="field">
            <span>{t('add.file')}</span>
            <input
              ref={fileRef}
              type="file"
              id="add-file"
              accept={ACCEPT_ATTR}
              onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
            />
          </label>
          <p class="muted small">
            {t('add.fileHelp')}{' '}
            <button type="button" class="link-btn" onClick={props.onImportMany}>
              {t('add.importMany')}
            </button>
          </p>
          {file ? (
            <p class="chosen">
              {t('add.chosen', { name: file.name, size: formatBytes(file.size) })}{' '}
              <button
                type="button"
                class="link-btn"
                onClick={() => {
                  setFile(null);
                  if (fileRef.current) fileRef.current.value = '';
                }}
              >
                {t('add.removeFile')}
              </button>
            </p>
          ) : null}
        </div>
        <label class="field">
          <span>{t('add.tags')}</span>
          <input
            type="text"
            value={tags}
            onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <InlineError message={error} />
      </form>
    </Dialog>
  );
}
