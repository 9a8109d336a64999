"""The Playground tab: the decision boundary and every hidden unit over the plane."""
