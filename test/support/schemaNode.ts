/**
 * A JSON schema as the tests walk it. Profiles build schemas as plain objects; tests cast
 * them to this to read nested parts (a part that is missing fails the test with a TypeError).
 */
export interface SchemaNode {
  type: string;
  required: string[];
  enum: string[];
  properties: Record<string, SchemaNode>;
  items: SchemaNode;
}
