import { layerIdFor, layerIdSchema } from './layer-id.schema';
import { entityTopic, flagTopic, FLAGS_TOPIC, hierarchyTopic, layerTopic, realtimeTopicSchema, scenarioTopic } from './realtime-topic.schema';

const ID = '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

describe('realtime topics', () => {
  it('builds each topic kind of API.md', () => {
    expect(hierarchyTopic('world.asia')).toBe('hierarchy:world.asia');
    expect(entityTopic(ID)).toBe(`entity:${ID}`);
    expect(layerTopic(layerIdFor('country'))).toBe('layer:entities.country');
    expect(FLAGS_TOPIC).toBe('flags');
    expect(flagTopic('new-map.v2')).toBe('flag:new-map.v2');
    expect(scenarioTopic(ID)).toBe(`scenario:${ID}`);
  });

  it.each(['', 'flag', 'flags:x', 'hierarchy:', 'hierarchy:World', 'entity:42', 'layer:country', 'scenario:*', 'user:1', ':x', 'constructor:x', '__proto__:x', 'toString:1'])(
    'rejects %j',
    (topic) => {
      expect(realtimeTopicSchema.safeParse(topic).success).toBe(false);
    },
  );

  it('refuses to build a topic from an invalid value', () => {
    expect(() => hierarchyTopic('a..b')).toThrow();
    expect(() => layerIdFor('Country')).toThrow();
    expect(layerIdSchema.safeParse('entities.').success).toBe(false);
  });
});
