import pg from "pg";

/**
 * Make every insert into `notifications` fail, as a broken notification store would; returns the
 * repair. Runs as the owner role: the app role may not create functions or triggers (it owns nothing).
 */
export async function breakNotificationStore(ownerUrl: string): Promise<() => Promise<void>> {
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: ownerUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`create function refuse_notification() returns trigger language plpgsql as $$ begin raise exception 'notifications are broken'; end $$;
             create trigger refuse_notification before insert on notifications for each row execute function refuse_notification()`);
  return () => run("drop trigger refuse_notification on notifications; drop function refuse_notification()");
}
