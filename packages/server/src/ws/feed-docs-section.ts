import { type Html, html } from '../auth/html.js';
import { FEED_MESSAGES, type FeedMessageDoc } from './feed-asyncapi.js';

function renderMessage(m: FeedMessageDoc): Html {
  const key = m.direction === 'client→server' ? 'action' : 'type';
  const anchor = `ws-${m.direction === 'client→server' ? 'send' : 'receive'}-${m.name}`;
  return html`<section id="${anchor}">
<h3><span class="m ${m.direction === 'client→server' ? 'post' : 'get'}">${m.direction}</span> <code>${key === 'type' && m.name === 'error' ? 'status: "error"' : `${key}: "${m.name}"`}</code></h3>
<p>${m.summary}</p>${
    m.fields.length > 0
      ? html`<table><thead><tr><th>field</th><th>type</th><th>notes</th></tr></thead><tbody>${m.fields.map(
          ([name, type, notes]) =>
            html`<tr><td><code>${name}</code></td><td>${type}</td><td>${notes}</td></tr>`,
        )}</tbody></table>`
      : ''
  }${m.replies ? html`<p class="d">Answered by: ${m.replies.join(', ')}</p>` : ''}
<pre>${JSON.stringify(m.example, null, 1)}</pre>
</section>`;
}

/**
 * The WebSocket section of `/api/docs`: every message a client sends and the server sends, with
 * examples, rendered from the same catalogue as `/api/asyncapi.json`.
 */
export function renderFeedSection(): Html {
  return html`<h2 id="WebSocket-feed">WebSocket feed</h2>
<p>OpenAlgo’s WebSocket proxy protocol on <code>ws://127.0.0.1:8765</code> (standalone, <code>--ws-port</code>) and on <code>/ws</code> of the API’s port. JSON text frames; every request names its <code>action</code>. Machine-readable: <a href="/api/asyncapi.json">/api/asyncapi.json</a> (AsyncAPI 3.0).</p>
${FEED_MESSAGES.map(
  (m) => html`${renderMessage(m)}
`,
)}`;
}
