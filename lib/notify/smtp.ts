/**
 * Email over SMTP (nodemailer). One connection per message: notifications are few, and a fresh
 * connection means a server that was down is simply tried again on the next attempt.
 * nodemailer logs nothing unless asked (`logger: false`), so the password in SMTP_URL stays out
 * of the logs; answers are redacted by the caller before they are stored.
 */
import "server-only";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { AttemptOutcome } from "./routing";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@domain>`: receivers (and people) de-duplicate retries by it. */
  messageId: string;
}

/** nodemailer's options from SMTP_URL; `smtps:` is TLS from the start, `smtp:` upgrades with STARTTLS when offered. */
export function smtpOptions(url: string): SMTPTransport.Options {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    logger: false,
    debug: false,
  };
}

export async function sendEmail(smtp: { url: string; from: string }, message: EmailMessage): Promise<AttemptOutcome> {
  const transport = nodemailer.createTransport(smtpOptions(smtp.url));
  try {
    const info = await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId });
    return { outcome: "sent", via: "smtp", answer: info.response };
  } catch (e) {
    const err = e as { response?: string; responseCode?: number; code?: string; command?: string; message?: string };
    // A 5xx reply about the message or its recipient is the server's final word (no such mailbox,
    // relaying refused). 4xx, lost connections and refused credentials may pass on a later
    // attempt (an admin fixes SMTP_URL and restarts while the queue is still retrying).
    const permanent = typeof err.responseCode === "number" && err.responseCode >= 500 && err.code !== "EAUTH" && !/^AUTH\b/i.test(err.command ?? "");
    const answer = err.response ? `${err.response}${err.code ? ` (${err.code})` : ""}` : `${err.code ?? "error"}: ${err.message ?? String(e)}`;
    return { outcome: "failed", via: "smtp", answer, permanent };
  } finally {
    transport.close();
  }
}
