import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { NotFoundError } from '../../platform/errors.js';
import { recordLink, type RecordEntity } from '../../platform/notifications/index.js';
import { safeNext } from '../auth/form.js';
import { commentForm } from './form.js';
import { addComment } from './service.js';

export function commentRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/comments', requireUser);

  /** A comment from a record's history or from the activity stream; back to where it was written. */
  r.post('/comments', (req, res) => {
    const form = parseForm(commentForm, req.body);
    if (!form.ok) {
      // Only the text can be wrong from a real form; a bad record reference is a record that does not exist.
      if (form.errors.entity || form.errors.entityId || form.errors.back) throw new NotFoundError();
      const values = form.values as { entity: RecordEntity; entityId: string; back?: string };
      res.flash(form.errors.text?.key === 'validation.tooLong' ? 'comments.error.tooLong' : 'comments.error.empty', {}, 'error');
      return res.go(values.back ? safeNext(values.back) : recordLink(values.entity, Number(values.entityId)));
    }
    const link = addComment(ctx, currentUser(req), form.data.entity, form.data.entityId, form.data.text);
    res.flash('comments.added');
    res.go(form.data.back ? safeNext(form.data.back) : `${link}#journal`);
  });

  return r;
}
