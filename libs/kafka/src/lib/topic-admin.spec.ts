import { Kafka } from 'kafkajs';

import { TopicAdmin } from './topic-admin';

describe('TopicAdmin', () => {
  it('connects again after a failed connect instead of failing for good', async () => {
    let connects = 0;
    const kafka = {
      admin: () => ({
        connect: async () => {
          connects += 1;
          if (connects === 1) throw new Error('broker down');
        },
        listTopics: async () => ['catalog.customer.v1'],
        disconnect: async () => undefined,
      }),
    } as unknown as Kafka;
    const admin = new TopicAdmin(kafka);
    await expect(admin.listTopics()).rejects.toThrow('broker down');
    expect(await admin.listTopics()).toEqual(['catalog.customer.v1']);
    expect(await admin.listTopics()).toEqual(['catalog.customer.v1']);
    expect(connects).toBe(2);
    await admin.disconnect();
  });
});
