import { memo, useMemo } from 'react';
import { useChatSelector } from '../app/chat-context';
import { renderMarkdown } from './markdown-renderer';
import { sanitizeMessageHtml } from './sanitize-message-html';

/**
 * A message's text with its Markdown applied. The stored content stays what the author typed; this is
 * only how it is shown. The HTML comes from the renderer (raw HTML escaped) and then DOMPurify.
 */
export const MessageContent = memo(function MessageContent({ content }: { content: string }) {
  const me = useChatSelector((state) => state.me?.username);
  const html = useMemo(() => sanitizeMessageHtml(renderMarkdown(content, { me })), [content, me]);
  return <div className="message-body" dangerouslySetInnerHTML={{ __html: html }} />;
});
