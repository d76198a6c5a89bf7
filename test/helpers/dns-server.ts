import dns2 from 'dns2';

const { Packet } = dns2;

/** One question the server was asked. */
export interface DnsQuery {
  name: string;
  type: 'A' | 'AAAA' | string;
}

/**
 * A real DNS server (UDP, on 127.0.0.1, ephemeral port) whose answers the test scripts:
 * `answer(name, type, earlier)` returns the addresses for a question, `earlier` being how many
 * questions of that name and type came before. Records every question.
 */
export async function startDnsServer(answer: (name: string, type: 'A' | 'AAAA', earlier: number) => string[]) {
  const queries: DnsQuery[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      for (const question of request.questions) {
        const type = question.type === Packet.TYPE.A ? 'A' : question.type === Packet.TYPE.AAAA ? 'AAAA' : String(question.type);
        const earlier = queries.filter((q) => q.name === question.name && q.type === type).length;
        queries.push({ name: question.name, type });
        if (type !== 'A' && type !== 'AAAA') continue;
        for (const address of answer(question.name, type, earlier)) {
          response.answers.push(Packet.createResourceFromQuestion(question, { ttl: 0, address }));
        }
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return {
    /** For `Resolver.setServers` / `GENNAKER_WEBHOOK_DNS_SERVERS`. */
    address: `127.0.0.1:${addresses.udp!.port}`,
    queries,
    close: () => server.close(),
  };
}
