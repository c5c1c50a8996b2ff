import { Heading, Text } from '@radix-ui/themes'
import type { FrameworkTree, TreeNode } from '#app/models/frameworks/view.rules'
import { CapabilityText } from './capability-text'

function Node({ node, depth }: { node: TreeNode; depth: number }) {
  const level = Math.min(depth + 2, 6) as 2 | 3 | 4 | 5 | 6
  return (
    <li className="tree-node">
      <Heading as={`h${level}`} size={depth === 0 ? '5' : '3'} mb="1">
        {node.name} <span className="capability-code">{node.code}</span>
      </Heading>
      {node.description ? (
        <Text as="p" size="2" mb="2" className="capability-description">
          {node.description}
        </Text>
      ) : null}
      {node.capabilities.length > 0 ? (
        <ul className="capability-list">
          {node.capabilities.map((capability) => (
            <li key={capability.id}>
              <CapabilityText capability={capability} />
              {capability.levelName ? (
                <Text size="1" color="gray" highContrast>
                  {capability.levelName}
                </Text>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {node.children.length > 0 ? (
        <ul className="tree">
          {node.children.map((child) => (
            <Node key={child.id} node={child} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  )
}

export function FrameworkTreeView({ tree }: { tree: FrameworkTree }) {
  return (
    <ul className="tree tree-root">
      {tree.roots.map((root) => (
        <Node key={root.id} node={root} depth={0} />
      ))}
    </ul>
  )
}
