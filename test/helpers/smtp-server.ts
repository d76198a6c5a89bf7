/**
 * A real SMTP server (the `smtp-server` package) on loopback for a test: it requires the given
 * login, receives messages over the SMTP protocol and parses them with `mailparser`.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The SMTP envelope (MAIL FROM / RCPT TO), as the server saw it. */
  from: string;
  to: string[];
  /** The logged-in user. */
  user?: string;
  mail: ParsedMail;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  messages: ReceivedMail[];
  /** Refuse every message with this SMTP answer (e.g. 451 to force retries), or accept again with undefined. */
  refuseWith(code: number | undefined): void;
  close(): Promise<void>;
}

export async function startSmtpServer(login: { user: string; password: string }): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  let refusal: number | undefined;
  const server = new SMTPServer({
    secure: false,
    // Plain SMTP on loopback: nodemailer would otherwise upgrade with the package's test certificate.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.password) return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (refusal) {
            const err = new Error('refused by the test') as Error & { responseCode: number };
            err.responseCode = refusal;
            return callback(err);
          }
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === 'string' ? session.user : undefined,
            mail,
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    messages,
    refuseWith(code) {
      refusal = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
