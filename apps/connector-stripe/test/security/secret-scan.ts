import { deadLetteringConsumerGroups, topicCatalog, withTopicPrefix } from '@concord/model';
import { collectMessages, testKafkaBrokers } from '@concord/testing';
import type { Pool } from 'pg';

/** Where a text was found: `location` names the log, topic, response or table.column. */
export interface Finding {
  secret: string;
  location: string;
}

/** Named texts (location -> content) searched for every named secret. */
export function findSecrets(
  secrets: Readonly<Record<string, string>>,
  texts: ReadonlyArray<[string, string]>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const [location, text] of texts) {
      if (text.includes(secret)) findings.push({ secret: name, location });
    }
  }
  return findings;
}

/** Every message (key, value and headers) on every topic of the deployment under `prefix`. */
export async function topicTexts(
  prefix: string,
  systems: string[],
): Promise<Array<[string, string]>> {
  const topics = topicCatalog(systems, {
    consumerGroups: deadLetteringConsumerGroups(systems),
  }).map((topic) => withTopicPrefix(prefix, topic.name));
  const perTopic = await Promise.all(
    topics.map(async (topic): Promise<Array<[string, string]>> => {
      const collector = await collectMessages({
        brokers: testKafkaBrokers(),
        topic,
        fromBeginning: true,
      });
      // Read until the topic stays quiet for a moment.
      let seen = -1;
      while (seen !== collector.messages.length) {
        seen = collector.messages.length;
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      await collector.stop();
      return collector.messages.map((message): [string, string] => [
        `topic ${topic}@${message.partition}:${message.offset}`,
        JSON.stringify(message),
      ]);
    }),
  );
  return perTopic.flat();
}

/** Every text, varchar, json and jsonb column of every table in the public schema, row by row. */
export async function databaseTexts(db: Pool): Promise<Array<[string, string]>> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY')`,
  );
  const texts: Array<[string, string]> = [];
  for (const { table_name: table, column_name: column } of columns) {
    const { rows } = await db.query<{ value: string | null }>(
      `SELECT "${column}"::text AS value FROM "${table}"`,
    );
    for (const row of rows)
      if (row.value !== null) texts.push([`table ${table}.${column}`, row.value]);
  }
  return texts;
}
