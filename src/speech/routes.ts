// HTTP for rendering announcements ahead of broadcasting them: start a job,
// poll it, play the result from its media URL.
import express from 'express';
import { z } from 'zod';
import { scopeOf } from '../access/scope.js';
import { AppError } from '../errors.js';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { mediaUrl } from '../audio/routes.js';
import type { SpeechJob, SpeechJobs } from './jobs.js';
import type { SpeechService } from './speech-service.js';
import type { VoiceUsage } from './usage.js';
import { describeRoutes } from '../http/openapi.js';
import { jobAccepted } from '../http/schemas.js';
import { catalogSchema, speechJobSchema, voicesSchema } from './schemas.js';

// About an hour of speech; longer belongs in a recording.
const MAX_TEXT_CHARS = 50_000;

const RenderBody = z.object({
  text: z.string().trim().min(1).max(MAX_TEXT_CHARS),
  voice: z.string().min(1).max(300).optional(),
  rate: z.number().min(0.25).max(4).optional(),
  pitch: z.number().min(-20).max(20).optional(),
  jingles: z.boolean().optional(),
});

/** Whether a caller may follow a job rendered for a zone (null: for the whole system). */
export type MayFollow = (req: express.Request, zoneId: string | null) => Promise<boolean>;

export function createSpeechRoutes(deps: { speech: Pick<SpeechService, 'voiceIds' | 'checkVoice' | 'catalog'>; jobs: SpeechJobs; guard: Guard; usage?: Pick<VoiceUsage, 'current'>; mayFollow?: MayFollow }): express.Router {
  const router = express.Router();

  router.post('/api/v1/speech/render', deps.guard('speech:render'), async (req, res) => {
    const body = parseBody(RenderBody, req.body);
    // Checked now so a typo is a 400, not a job that fails a moment later.
    if (body.voice) deps.speech.checkVoice(body.voice);
    const { text, ...render } = body;
    // Read with the caller's commune's lexicon, as its broadcasts will be.
    const job = await deps.jobs.submit(text, { ...render, zoneId: scopeOf(req).zoneId });
    res.status(202).location(`/api/v1/speech/jobs/${job.id}`).json({ jobId: job.id, statusUrl: `/api/v1/speech/jobs/${job.id}` });
  });

  // What the panel's voice picker offers.
  router.get('/api/v1/speech/voices', deps.guard('speech:render'), (_req, res) => {
    res.json(deps.speech.voiceIds());
  });

  // The officer's choice by region and gender, the default chain, and what each cloud vendor has used this month.
  router.get('/api/v1/speech/catalog', deps.guard('speech:render'), async (_req, res) => {
    res.json({ ...deps.speech.catalog(), usage: (await deps.usage?.current()) ?? [] });
  });

  router.get('/api/v1/speech/jobs/:id', deps.guard('speech:render'), async (req, res) => {
    const id = String(req.params.id);
    const found = await deps.jobs.get(id);
    // Another commune's job is answered as if it did not exist.
    if (!found || (deps.mayFollow && !(await deps.mayFollow(req, found.zoneId)))) throw new AppError('Không tìm thấy công việc đọc (no such job, or it finished over an hour ago)', 404, 'not_found');
    res.json(view(found.job));
  });

  describeRoutes(router, {
    'POST /api/v1/speech/render': { body: RenderBody, response: jobAccepted, status: 202 },
    'GET /api/v1/speech/voices': { response: voicesSchema },
    'GET /api/v1/speech/catalog': { response: catalogSchema },
    'GET /api/v1/speech/jobs/:id': { response: speechJobSchema },
  });
  return router;
}

function view(job: SpeechJob): SpeechJob & { mediaUrl?: string } {
  return { ...job, ...(job.mediaSha256 && { mediaUrl: mediaUrl(job.mediaSha256) }) };
}
