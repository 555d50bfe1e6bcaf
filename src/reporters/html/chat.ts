/**
 * A dialogue step as the user saw it: what was sent on the right, the bot's reply on the left —
 * text bubbles, image and text cards with their buttons, image lists, carousels, LINE flex text,
 * stickers, quick replies and the persistent menu — rendered from Turn.bubbles. Images are not
 * fetched until the reader asks ("load images"): the report stays offline and tells no server it
 * was opened.
 */
import type { Action } from '../../dialogues/types.js';
import type { BubbleView, Button, ListItem, Turn } from '../../protocol/turn.js';
import type { StepResult } from '../../results/model.js';
import { describeMatcher } from '../../match/text-matcher.js';
import { escapeHtml as e, safeUrl } from '../../render/html-escape.js';
import { formatDuration } from '../../render/text.js';

export function chatHtml(step: StepResult): string {
  const parts = [userSide(step.action, step.request?.text)];
  if (step.turn) parts.push(botSide(step.turn));
  else if (step.status === 'errored') parts.push(`<div class="note bad">no reply: ${e(step.cause.message)}</div>`);
  else if (step.status === 'skipped') parts.push(`<div class="note">not run: ${e(step.reason)}</div>`);
  return `<div class="chat">${parts.join('')}</div>`;
}

function userSide(action: Action, sent: string | undefined): string {
  switch (action.kind) {
    case 'open':
      return `<div class="note">opened the chat${action.text !== undefined ? ` (welcome postback ${e(JSON.stringify(action.text))})` : ''}</div>`;
    case 'send':
      return `<div class="say">${e(action.text)}</div>`;
    case 'click':
      return `<div class="say">▸ ${e(describeMatcher(action.button))}${sent !== undefined ? `<small>sent ${e(JSON.stringify(sent))}</small>` : ''}</div>`;
    case 'getPersistentMenu':
      return '<div class="note">asked for the persistent menu</div>';
  }
}

function botSide(turn: Turn): string {
  const parts = turn.bubbles.map(bubbleHtml);
  if (turn.quickButtons.length) parts.push(`<div class="quick">${turn.quickButtons.map(chip).join('')}</div>`);
  if (turn.persistentMenu.length)
    parts.push(
      `<div class="facts">persistent menu</div><div class="quick">${turn.persistentMenu.map(chip).join('')}</div>`,
    );
  if (parts.length === 0) parts.push('<div class="note">(an empty reply)</div>');
  const facts = [turn.scenarioName ?? 'no scenario', turn.chatTypes.join(', '), formatDuration(turn.latencyMs)]
    .filter(Boolean)
    .map(e)
    .join(' · ');
  return `<div class="bot">${parts.join('')}<div class="facts">${facts}</div></div>`;
}

function bubbleHtml(b: BubbleView): string {
  switch (b.type) {
    case 'text':
      return b.url
        ? `<div class="bubble">${e(b.description ?? '')}\n${link(b.url, b.urlAlias ?? b.url)}</div>`
        : `<div class="bubble">${e(b.description ?? '')}</div>`;
    case 'carousel':
      return `<div class="carousel">${(b.cards ?? []).map(card).join('')}</div>`;
    case 'line_sticker':
    case 'lineworks_sticker':
      return `<div class="bubble">[sticker ${e([b.sticker?.packageId, b.sticker?.stickerId].filter(Boolean).join('/'))}]</div>`;
    default:
      return card(b);
  }
}

/** An image, template, flex or unknown bubble as a card: cover, body, list items, buttons. */
function card(b: BubbleView): string {
  const body: string[] = [];
  if (b.title) body.push(`<div class="title">${e(b.title)}</div>`);
  if (b.subTitle) body.push(`<div class="sub">${e(b.subTitle)}</div>`);
  if (b.description) body.push(`<div>${e(b.description)}</div>`);
  if (b.flexTexts?.length) body.push(`<div>${b.flexTexts.map(e).join('\n')}</div>`);
  if (b.url) body.push(`<div>${link(b.url, b.urlAlias ?? b.url)}</div>`);
  if (!['image', 'template', 'flex', 'text'].includes(b.type)) body.unshift(`<div class="sub">${e(b.type)}</div>`);
  if (b.type === 'flex') body.unshift('<div class="sub">LINE flex message</div>');
  const items = b.items?.length ? `<ul class="items">${b.items.map(listItem).join('')}</ul>` : '';
  const buttons = b.buttons?.length ? `<div class="buttons">${b.buttons.map(buttonHtml).join('')}</div>` : '';
  return `<div class="card">${b.imageUrl ? image(b.imageUrl) : ''}${body.length ? `<div class="body">${body.join('')}</div>` : ''}${items}${buttons}</div>`;
}

function listItem(item: ListItem): string {
  const text = [
    item.title && `<div class="title">${e(item.title)}</div>`,
    item.subTitle && `<div class="sub">${e(item.subTitle)}</div>`,
  ]
    .filter(Boolean)
    .join('');
  return `<li>${item.imageUrl ? image(item.imageUrl) : ''}${item.url ? link(item.url, '', text) : text}</li>`;
}

function image(url: string): string {
  const src = safeUrl(url);
  const name = e(url.split(/[?#]/)[0]!.split('/').pop() || url);
  return src
    ? `<div class="img" title="${e(url)}"><img data-src="${src}" alt="${name}" hidden>image: ${name}</div>`
    : `<div class="img">image: ${e(url)}</div>`;
}

function buttonHtml(b: Button): string {
  const a = b.action;
  const target = a?.url ?? a?.mobileUrl;
  const title = e(b.title || (b.iconUrl ? '(image button)' : '(untitled)'));
  // a link only to http(s); anything else (javascript:, data:) stays plain text
  if (target) return `<div class="btn">${safeUrl(target) ? link(target, '', `${title} ↗`) : title}</div>`;
  const sends = a?.postbackFull ?? a?.postback ?? a?.text ?? (a?.number ? `tel:${a.number}` : undefined);
  return `<div class="btn"${sends ? ` title="${e(`sends ${sends}`)}"` : ''}>${title}</div>`;
}

function chip(b: Button): string {
  const a = b.action;
  const hint = a?.url ?? a?.postbackFull ?? a?.postback ?? a?.text;
  return `<span class="chip"${hint ? ` title="${e(hint)}"` : ''}>${e(b.title)}</span>`;
}

/** A link to an http(s) URL; anything else (javascript:, data:) is shown as text, never linked. */
function link(url: string, text: string, html?: string): string {
  const href = safeUrl(url);
  const content = html ?? e(text);
  return href ? `<a href="${href}" target="_blank" rel="noopener noreferrer">${content}</a>` : content;
}
