import { type AuthKind, type CredentialField, type LoaderDiagnostic, toIstIso } from '@openalgo/core';
import { SESSION_STATE_TEXT, type SessionState } from '../accounts/account-summaries.js';
import type { AccountSummary, LoginResult } from '../accounts/registry.js';
import { type Html, html, page } from './html.js';

export interface BrokerStatus {
  id: string;
  name: string;
  auth: AuthKind;
  origin: string;
  /** Undefined when configured; otherwise what to set. */
  configProblem: string | undefined;
}

export interface ServerUrls {
  http: string;
  docs: string;
  ws: string;
  wsPort: string | undefined;
}

/** Only `active` is good news; the words are the CLI's too (SESSION_STATE_TEXT). */
function sessionLabel(state: SessionState): Html {
  const style = state === 'active' ? 'ok' : state === 'none' ? 'muted' : 'bad';
  return html`<span class="${style}">${SESSION_STATE_TEXT[state]}</span>`;
}

function accountRow(account: AccountSummary): Html {
  const expires =
    account.sessionExpiresAt !== undefined && account.session === 'active'
      ? html` <span class="muted">until ${toIstIso(account.sessionExpiresAt)}</span>`
      : '';
  const keys =
    account.keyPrefixes.length === 0
      ? html`<span class="muted">none</span>`
      : account.keyPrefixes.map((p) => html`<code>${p}…</code> `);
  return html`<tr><td><code>${account.id}</code><br><span class="muted">${account.label}</span></td>
<td>${account.broker}</td><td>${account.userId ?? '—'}</td><td>${sessionLabel(account.session)}${expires}</td>
<td>${account.analyzeMode ? 'analyze (simulated)' : 'live'}</td><td>${keys}</td></tr>`;
}

function brokerRow(broker: BrokerStatus): Html {
  const action =
    broker.configProblem !== undefined
      ? html`<span class="bad">${broker.configProblem}</span>`
      : html`<a class="button" href="/auth/${encodeURIComponent(broker.id)}/login">Log in to ${broker.name}</a>`;
  return html`<tr><td><code>${broker.id}</code></td><td>${broker.name}</td><td>${broker.auth}</td>
<td class="muted">${broker.origin}</td><td>${action}</td></tr>`;
}

function diagnosticRow(d: LoaderDiagnostic): Html {
  return html`<tr><td class="${d.level === 'error' ? 'bad' : 'muted'}">${d.level}</td><td><code>${d.code}</code></td>
<td>${d.packageName ?? d.path}</td><td>${d.message}</td></tr>`;
}

export function accountsPage(input: {
  accounts: AccountSummary[];
  brokers: BrokerStatus[];
  diagnostics: LoaderDiagnostic[];
  urls: ServerUrls;
}): string {
  const { urls } = input;
  const diagnostics =
    input.diagnostics.length === 0
      ? html`<p class="muted">Every broker package found loaded cleanly.</p>`
      : html`<table><tr><th>level</th><th>code</th><th>package</th><th>what to do</th></tr>
${input.diagnostics.map(diagnosticRow)}</table>`;
  return page(
    'OpenAlgo TS',
    html`<h1>OpenAlgo TS server</h1>
<p>REST API: <code>${urls.http}/api/v1/</code> · <a href="${urls.docs}">API docs</a> · WebSocket: <code>${urls.ws}</code>${
      urls.wsPort ? html` and <code>${urls.wsPort}</code>` : ''
    }</p>
<h2>Accounts</h2>
<table><tr><th>account</th><th>broker</th><th>user</th><th>session</th><th>mode</th><th>API keys</th></tr>
${input.accounts.map(accountRow)}</table>
<p class="muted">API keys are stored hashed and cannot be shown again. Lost one? Run <code>openalgo apikey --regenerate --account &lt;id&gt;</code> (the old key stops working).</p>
<h2>Brokers</h2>
<table><tr><th>id</th><th>name</th><th>login</th><th>package</th><th></th></tr>${input.brokers.map(brokerRow)}</table>
<h2>Broker plugin diagnostics</h2>${diagnostics}`,
  );
}

export function loginResultPage(broker: string, { account, apiKey, createdAccount }: LoginResult): string {
  const key = apiKey
    ? html`<p>Your OpenAlgo API key for this account — <strong>copy it now, it is shown only once</strong>:</p>
<p class="key">${apiKey}</p>`
    : html`<p>This account's API key is unchanged. Lost it? Run <code>openalgo apikey --regenerate --account ${account.id}</code>.</p>`;
  return page(
    'Logged in',
    html`<h1>Logged in to ${broker}</h1>
<p>${createdAccount ? 'New account' : 'Account'} <code>${account.id}</code>${
      account.userId ? html` (broker user <code>${account.userId}</code>)` : ''
    } now has an active session.</p>${key}<p><a href="/">Back to accounts</a></p>`,
  );
}

export function credentialsPage(input: {
  broker: string;
  name: string;
  fields: CredentialField[];
  state: string;
  error?: string;
  /** Where the form posts: the callback (credential brokers) or the login (fields kept for a redirect). */
  action?: 'callback' | 'login';
  /** Why the fields are asked before the broker's own page (redirect brokers). */
  intro?: string;
}): string {
  const fields = input.fields.map(
    (f) => html`<label>${f.label}${f.required ? '' : ' (optional)'}<br>
<input name="${f.name}" type="${f.secret ? 'password' : 'text'}" autocomplete="off"${
      f.required ? html` required` : ''
    }>${f.description ? html`<br><span class="muted">${f.description}</span>` : ''}</label>`,
  );
  return page(
    `Log in to ${input.name}`,
    html`<h1>Log in to ${input.name}</h1>${input.error ? html`<p class="bad">${input.error}</p>` : ''}
${input.intro ? html`<p>${input.intro}</p>` : ''}
<form method="post" action="/auth/${encodeURIComponent(input.broker)}/${input.action ?? 'callback'}">
<input type="hidden" name="state" value="${input.state}">${fields}
<p><button type="submit">${input.action === 'login' ? 'Continue to the broker' : 'Log in'}</button></p></form>`,
  );
}

export function errorPage(title: string, message: string, next?: { href: string; label: string }): string {
  return page(
    title,
    html`<h1>${title}</h1><p>${message}</p>${
      next ? html`<p><a href="${next.href}">${next.label}</a></p>` : ''
    }<p><a href="/">Accounts</a></p>`,
  );
}
