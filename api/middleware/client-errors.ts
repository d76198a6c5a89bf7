/**
 * Requests Node's HTTP parser refuses before Express sees them (a raw NUL or byte above 0x7F in the
 * request line, a header over 16 KiB, a bad header name, a malformed chunk…) get the API's JSON
 * error shape too, instead of Node's empty `400 Bad Request`.
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from '../errors';

interface ParserError extends Error {
  code?: string;
}

function statusFor(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

function messageFor(status: number, code: string | undefined): string {
  if (status === 431) return 'the request line and headers exceed 16 KiB';
  if (status === 408) return 'the request was not received in time';
  return `malformed HTTP request${code ? ` (${code})` : ''}`;
}

/** Makes `server` answer unparseable requests with a JSON error; returns the server. */
export function answerClientErrorsAsJson<S extends Server>(server: S): S {
  server.on('clientError', (err: ParserError, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = statusFor(err.code);
    const message = messageFor(status, err.code);
    const body = JSON.stringify(errorBody(status, message, [{ path: '', message }]));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
  return server;
}
