// The typed topic-config descriptions and the presets the create and configs forms are built from. The same
// for every caller (static); a verb all the same, so the router stays a list of verb calls.
import type { VerbContextArgs } from '../service-context.ts';
import { listConfigCatalog, type ConfigCatalogEntry } from './topic-config-catalog.ts';
import { topicPresets, type TopicPreset } from './topic-presets.ts';

export async function getConfigCatalog(_args: VerbContextArgs): Promise<{ configs: ConfigCatalogEntry[]; presets: TopicPreset[] }> {
  return { configs: listConfigCatalog(), presets: topicPresets };
}
