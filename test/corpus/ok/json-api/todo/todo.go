// Package todo is the in-memory store behind the API.
package todo

import (
	"errors"
	"strings"
	"sync"
)

type Item struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

type Store struct {
	mu    sync.Mutex
	items []Item
}

var ErrEmptyTitle = errors.New("title must not be empty")

func (s *Store) Add(title string) (Item, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return Item{}, ErrEmptyTitle
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it := Item{ID: len(s.items) + 1, Title: title}
	s.items = append(s.items, it)
	return it, nil
}

func (s *Store) List() []Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Item{}, s.items...)
}
