/**
 * Makes a stage fail for real after prepare has passed: `website_behavior` becomes a view with
 * every column prepare checks, whose `time_spent` divides by zero, so temp_website_behavior's
 * SELECT fails in the database (22012, BAD_DATA: a 422, not retried, recorded) while the other
 * stages succeed.
 */
import type { Queryable } from '../../core/db/database.js';

export const SABOTAGED_STAGE = 'temp_website_behavior';

export async function breakWebsiteBehavior(db: Queryable): Promise<void> {
  await db.exec(`
    alter table website_behavior rename to website_behavior_kept;
    create view website_behavior as
      select session_id, customer_id, visit_date, pages_viewed, time_spent / 0 as time_spent
      from website_behavior_kept;
  `);
}

export async function repairWebsiteBehavior(db: Queryable): Promise<void> {
  await db.exec(`
    drop view website_behavior;
    alter table website_behavior_kept rename to website_behavior;
  `);
}
