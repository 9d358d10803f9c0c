// The file an installer puts on a new receiver (/etc/loa-agent.json, see
// devices/README.md), made by the server that knows the broker's address,
// with a QR code to carry it from the panel to the board by phone.
import { Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { receiverIdSchema } from '../mqtt/protocol.js';
import { describeRoutes } from '../http/openapi.js';
import { agentConfigSchema } from './schemas.js';

const request = z.object({ receiverId: receiverIdSchema, secret: z.string().min(8).max(200) });

export function agentConfigRoutes(guard: Guard, broker: { mqttUrl: string; topicRoot: string }): Router {
  const r = Router();
  // The secret comes from the caller (shown to it once at provisioning or
  // rotation): the server keeps only its hash and cannot produce it again.
  r.post('/agent-config', guard('receivers:write'), async (req, res) => {
    const { receiverId, secret } = parseBody(request, req.body);
    const config = {
      id: receiverId,
      secret,
      mqttUrl: broker.mqttUrl,
      ...(broker.topicRoot !== 'loa/v1' && { topicRoot: broker.topicRoot }),
      player: 'ffplay',
    };
    const text = JSON.stringify(config, null, 2);
    res.set('Cache-Control', 'no-store').json({ config, file: `${text}\n`, qrSvg: await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) });
  });
  describeRoutes(r, {
    'POST /agent-config': { body: request, response: agentConfigSchema },
  });
  return r;
}
