/** A model host that refuses every connection, for runs that must not need the model server. */
import * as net from 'node:net';

/** The address of a port nothing listens on: bound, then closed, so every connection is refused. */
export async function refusingHost(): Promise<string> {
  const socket = net.createServer();
  await new Promise<void>((resolve) => socket.listen(0, '127.0.0.1', resolve));
  const { port } = socket.address() as net.AddressInfo;
  await new Promise((resolve) => socket.close(resolve));
  return `http://127.0.0.1:${port}`;
}
