"""The conversational layer: language, intent, entities, evidence, composition, memory."""
