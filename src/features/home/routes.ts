import { Router } from 'express';
import { requireUser } from '../../platform/http/guards.js';

export function homeRoutes(): Router {
  const r = Router();
  r.get('/', requireUser, (req, res) => {
    res.page('home/index', { title: req.t('home.title') });
  });
  return r;
}
